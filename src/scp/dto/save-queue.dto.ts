import { ArrayMaxSize, IsBoolean, IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { Checkbox, StringList, Trim } from '../../common/form-transforms';
import { QUEUE_COLUMNS, SORT_KEYS } from '../../tickets/ticket-queue-rules';

const SORTS = SORT_KEYS.flatMap((k) => [`${k}:asc`, `${k}:desc`]);

/** POST /scp/queues: a search saved as a custom queue (the criteria ride along as hidden fields). */
export class SaveQueueDto {
  @Trim()
  @IsString({ message: 'Name the queue.' })
  @IsNotEmpty({ message: 'Name the queue.' })
  @MaxLength(64, { message: 'Use at most 64 characters.' })
  name: string = '';

  @StringList()
  @ArrayMaxSize(QUEUE_COLUMNS.length, { message: 'Choose columns from the list.' })
  @IsIn(QUEUE_COLUMNS, { each: true, message: 'Choose columns from the list.' })
  columns: string[] = [];

  @IsString({ message: 'Choose an order from the list.' })
  @IsIn(SORTS, { message: 'Choose an order from the list.' })
  sort: string = 'created:desc';

  @Checkbox()
  @IsBoolean()
  isShared = false;
}
