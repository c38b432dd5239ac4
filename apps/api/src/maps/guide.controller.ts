import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { GuideGetQuery, GuidePutQuery } from './dto/guide.dto';
import { MapsService } from './maps.service';

/** The map every app of the classic Hazelcast sidecar guide uses. */
export const GUIDE_MAP = 'map';

/** The guide's endpoints, answering plain text as the guide's app does: empty when there is no value. */
@ApiTags('guide')
@Controller()
export class GuideController {
  constructor(private readonly maps: MapsService) {}

  @Get('put')
  @ApiOperation({ summary: "Put into the map 'map'; answers the previous value (plain text, empty if none)" })
  @ApiOkResponse({ description: 'The previous value', content: { 'text/plain': { schema: { type: 'string' } } } })
  async put(@Query() { key, value }: GuidePutQuery, @Res({ passthrough: true }) response: Response) {
    const previous = await this.maps.put(GUIDE_MAP, key, value);
    return asText(response, previous);
  }

  @Get('get')
  @ApiOperation({ summary: "Read from the map 'map'; answers the value (plain text, empty if none)" })
  @ApiOkResponse({ description: 'The value', content: { 'text/plain': { schema: { type: 'string' } } } })
  async get(@Query() { key }: GuideGetQuery, @Res({ passthrough: true }) response: Response) {
    return asText(response, await this.maps.get(GUIDE_MAP, key));
  }
}

/** Set on success only: errors keep their JSON body and content type. */
function asText(response: Response, value: string | null): string {
  response.type('text/plain; charset=utf-8');
  return guideText(value);
}

/**
 * The guide's answer for a stored value: the string itself, empty when there is none. Another
 * client may have stored something else under the key (a number, an object, the member REST API's
 * RestValue): that is answered as its JSON rather than refused, so a read never fails on data.
 */
export function guideText(value: unknown): string {
  return typeof value === 'string' ? value : value === null || value === undefined ? '' : JSON.stringify(value);
}
