import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const blankToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/** The environment RelayDesk reads, validated once at boot. `.env.example` documents each variable. */
export class EnvironmentVariables {
  @IsOptional() @IsIn(['production', 'development', 'test'])
  NODE_ENV?: string;

  @IsOptional() @IsString() @Transform(blankToUndefined)
  HOST?: string;

  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(65535)
  PORT?: number;

  @IsOptional() @Transform(blankToUndefined)
  @Matches(/^(\/[A-Za-z0-9._~-]+)+$/, { message: 'BASE_PATH must start with / and not end with / (e.g. /osTicket)' })
  BASE_PATH?: string;

  @IsOptional() @Transform(blankToUndefined) @Matches(/^https?:\/\/[^\s]+$/, { message: 'PUBLIC_URL must be an http(s) URL' })
  PUBLIC_URL?: string;

  @IsOptional() @IsString() @Transform(blankToUndefined)
  TRUST_PROXY?: string;

  @IsOptional() @Transform(blankToUndefined)
  @Matches(/^(sqlite:.+|mysql:\/\/.+|mariadb:\/\/.+)$/, { message: 'DATABASE_URL must be sqlite:<path> or mysql://user:pass@host:port/db' })
  DATABASE_URL?: string;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(200)
  DATABASE_POOL_SIZE?: number;

  @IsOptional() @Transform(blankToUndefined) @IsString() @MinLength(32, { message: 'SESSION_SECRET must be at least 32 characters' })
  SESSION_SECRET?: string;

  @IsOptional() @Transform(toInt) @IsInt() @Min(5) @Max(60 * 24 * 30)
  SESSION_IDLE_MINUTES?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(24 * 90)
  SESSION_ABSOLUTE_HOURS?: number;

  @IsOptional() @Transform(blankToUndefined) @IsIn(['auto', 'true', 'false'])
  COOKIE_SECURE?: string;

  @IsOptional() @Transform(blankToUndefined) @IsString() @MaxLength(100)
  HELPDESK_NAME?: string;

  @IsOptional() @Transform(blankToUndefined) @IsEmail({}, { message: 'ADMIN_EMAIL must be an email address' })
  ADMIN_EMAIL?: string;

  @IsOptional() @Transform(blankToUndefined) @Matches(/^[A-Za-z0-9._-]{2,64}$/, { message: 'ADMIN_USERNAME must be 2-64 letters, digits, dots, dashes or underscores' })
  ADMIN_USERNAME?: string;

  @IsOptional() @Transform(blankToUndefined) @IsString() @MinLength(10, { message: 'ADMIN_PASSWORD must be at least 10 characters' }) @MaxLength(200)
  ADMIN_PASSWORD?: string;

  @IsOptional() @Transform(blankToUndefined) @IsString() @MinLength(10, { message: 'DEMO_PASSWORD must be at least 10 characters' }) @MaxLength(200)
  DEMO_PASSWORD?: string;

  @IsOptional() @Transform(blankToUndefined) @IsString()
  ATTACHMENTS_DIR?: string;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(1024)
  ATTACHMENT_MAX_MB?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(50)
  ATTACHMENT_MAX_FILES?: number;

  @IsOptional() @Transform(blankToUndefined)
  @Matches(/^smtps?:\/\/[^\s/?#]+(\/?(\?[^\s#]*)?)?$/, { message: 'SMTP_URL must be smtp://[user:pass@]host[:port] or smtps://[user:pass@]host[:port]' })
  SMTP_URL?: string;

  @IsOptional() @Transform(blankToUndefined) @MaxLength(255)
  @Matches(/^([^<>\r\n]*<[^<>@\s]+@[^<>@\s]+>|[^<>@\s]+@[^<>@\s]+)$/, { message: 'MAIL_FROM must be an address, optionally with a name: "Help Desk" <help@example.com>' })
  MAIL_FROM?: string;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(1024)
  INBOUND_MAIL_MAX_MB?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(15) @Max(86400)
  MAIL_FETCH_INTERVAL_SECONDS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(100)
  MAIL_FETCH_BATCH?: number;

  @IsOptional() @Transform(blankToUndefined) @IsIn(LOG_LEVELS)
  LOG_LEVEL?: string;

  @IsOptional() @Transform(blankToUndefined) @IsIn(['on', 'off'], { message: 'PORTAL_RATE_LIMITS must be on or off' })
  PORTAL_RATE_LIMITS?: string;
}
