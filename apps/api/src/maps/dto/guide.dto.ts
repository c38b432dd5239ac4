import { IsEntryKey, IsEntryValue } from './field-rules';

/** GET /put?key=&value= of the classic sidecar guide. */
export class GuidePutQuery {
  @IsEntryKey()
  key!: string;

  @IsEntryValue()
  value!: string;
}

/** GET /get?key= of the classic sidecar guide. */
export class GuideGetQuery {
  @IsEntryKey()
  key!: string;
}
