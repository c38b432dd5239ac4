import { Body, Controller, Delete, Get, HttpCode, NotFoundException, Param, Put } from '@nestjs/common';
import { ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { EntryParams, MapParams, PutEntryBody } from './dto/entry.dto';
import { MapsService } from './maps.service';

/** A REST API over any map: /maps/{map}/entries/{key} and /maps/{map}/size. */
@ApiTags('maps')
@Controller('maps/:map')
export class MapsController {
  constructor(private readonly maps: MapsService) {}

  @Get('entries/:key')
  @ApiOperation({ summary: 'Read an entry' })
  @ApiOkResponse({ description: '{ map, key, value }' })
  @ApiNotFoundResponse({ description: 'No entry with this key' })
  async read(@Param() { map, key }: EntryParams) {
    const value = await this.maps.get(map, key);
    if (value === null) throw entryNotFound(map, key);
    return { map, key, value };
  }

  @Put('entries/:key')
  @ApiOperation({ summary: 'Write an entry, optionally with a time to live' })
  @ApiOkResponse({ description: '{ map, key, value, previousValue, ttlSeconds }' })
  async write(@Param() { map, key }: EntryParams, @Body() { value, ttlSeconds }: PutEntryBody) {
    const previousValue = await this.maps.put(map, key, value, ttlSeconds);
    return { map, key, value, previousValue, ttlSeconds: ttlSeconds ?? null };
  }

  @Delete('entries/:key')
  @ApiOperation({ summary: 'Remove an entry' })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiNotFoundResponse({ description: 'No entry with this key' })
  @HttpCode(204)
  async remove(@Param() { map, key }: EntryParams): Promise<void> {
    if ((await this.maps.remove(map, key)) === null) throw entryNotFound(map, key);
  }

  @Get('size')
  @ApiOperation({ summary: "Count a map's entries" })
  @ApiOkResponse({ description: '{ map, size }' })
  async size(@Param() { map }: MapParams) {
    return { map, size: await this.maps.size(map) };
  }
}

/** The 404 of a missing entry. */
export const entryNotFound = (map: string, key: string) => new NotFoundException(`no entry with key "${key}" in map "${map}"`);
