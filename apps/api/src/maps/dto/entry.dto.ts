import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsEntryKey, IsEntryValue, IsMapName } from './field-rules';

const ONE_YEAR_SECONDS = 365 * 24 * 3600;

export class MapParams {
  @IsMapName()
  map!: string;
}

export class EntryParams extends MapParams {
  @IsEntryKey()
  key!: string;
}

export class PutEntryBody {
  @IsEntryValue()
  value!: string;

  /** Time to live in seconds (Hazelcast keeps whole seconds); absent: the map's default, forever. */
  @ApiPropertyOptional({ description: 'Time to live in seconds', type: 'integer', minimum: 1, maximum: ONE_YEAR_SECONDS })
  @IsOptional()
  @IsInt({ message: 'ttlSeconds must be a whole number of seconds' })
  @Min(1, { message: 'ttlSeconds must be at least 1' })
  @Max(ONE_YEAR_SECONDS, { message: `ttlSeconds must be at most ${ONE_YEAR_SECONDS} (one year)` })
  ttlSeconds?: number;
}
