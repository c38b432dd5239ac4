import { Body, Controller, Delete, Get, HttpCode, NotFoundException, Param, Put } from '@nestjs/common';
import { EntryParams, MapParams, PutEntryBody } from './dto/entry.dto';
import { MapsService } from './maps.service';

/** A REST API over any map: /maps/{map}/entries/{key} and /maps/{map}/size. */
@Controller('maps/:map')
export class MapsController {
  constructor(private readonly maps: MapsService) {}

  @Get('entries/:key')
  async read(@Param() { map, key }: EntryParams) {
    const value = await this.maps.get(map, key);
    if (value === null) throw notFound(map, key);
    return { map, key, value };
  }

  @Put('entries/:key')
  async write(@Param() { map, key }: EntryParams, @Body() { value, ttlSeconds }: PutEntryBody) {
    const previousValue = await this.maps.put(map, key, value, ttlSeconds);
    return { map, key, value, previousValue, ttlSeconds: ttlSeconds ?? null };
  }

  @Delete('entries/:key')
  @HttpCode(204)
  async remove(@Param() { map, key }: EntryParams): Promise<void> {
    if ((await this.maps.remove(map, key)) === null) throw notFound(map, key);
  }

  @Get('size')
  async size(@Param() { map }: MapParams) {
    return { map, size: await this.maps.size(map) };
  }
}

const notFound = (map: string, key: string) => new NotFoundException(`no entry with key "${key}" in map "${map}"`);
