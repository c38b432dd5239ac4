import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { valueDescription } from '../maps/dto/field-rules';

export interface DocumentedLimits {
  maxKeyLength: number;
  maxValueBytes: number;
}

type Schema = { properties?: Record<string, Record<string, unknown>> };

/** The OpenAPI document of the controllers and DTOs, with the limits this instance enforces. */
export function buildOpenApiDocument(app: INestApplication, limits: DocumentedLimits): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('hazelcast-sidecar')
      .setDescription(
        'Maps of the Hazelcast cluster, through the member in this Pod. Every data call may answer ' +
          '400 (malformed request, with the reason), 413 (body over the size limit) or 503 (the member ' +
          'is unavailable; retry).',
      )
      .setVersion('0.1.0')
      .build(),
  );
  const limit = (field: string, schema: Record<string, unknown>) => {
    if (field === 'key') schema.maxLength = limits.maxKeyLength;
    if (field === 'value') {
      schema.description = valueDescription(limits.maxValueBytes);
      schema['x-max-bytes'] = limits.maxValueBytes;
    }
  };
  for (const schema of Object.values(document.components?.schemas ?? {}) as Schema[]) {
    for (const [field, property] of Object.entries(schema.properties ?? {})) limit(field, property);
  }
  for (const path of Object.values(document.paths)) {
    for (const operation of Object.values(path) as Array<{ parameters?: Array<{ name: string; schema?: Record<string, unknown> }> }>) {
      for (const parameter of operation.parameters ?? []) if (parameter.schema) limit(parameter.name, parameter.schema);
    }
  }
  return document;
}

/** Serves the document at /docs-json and the Swagger UI (from swagger-ui-dist, offline) at /docs. */
export function serveOpenApi(app: INestApplication, limits: DocumentedLimits): void {
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app, limits), { jsonDocumentUrl: 'docs-json' });
}
