import { Controller, Get, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { GuideGetQuery, GuidePutQuery } from './dto/guide.dto';
import { MapsService } from './maps.service';

/** The map every app of the classic Hazelcast sidecar guide uses. */
export const GUIDE_MAP = 'map';

/** The guide's endpoints, answering plain text as the guide's app does: empty when there is no value. */
@Controller()
export class GuideController {
  constructor(private readonly maps: MapsService) {}

  @Get('put')
  async put(@Query() { key, value }: GuidePutQuery, @Res({ passthrough: true }) response: Response) {
    const previous = await this.maps.put(GUIDE_MAP, key, value);
    return asText(response, previous);
  }

  @Get('get')
  async get(@Query() { key }: GuideGetQuery, @Res({ passthrough: true }) response: Response) {
    return asText(response, await this.maps.get(GUIDE_MAP, key));
  }
}

/** Set on success only: errors keep their JSON body and content type. */
function asText(response: Response, value: string | null): string {
  response.type('text/plain; charset=utf-8');
  return value ?? '';
}
