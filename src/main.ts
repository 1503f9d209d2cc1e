import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { configureApp } from './app.setup';
import { BootService } from './boot/boot.service';
import { AppConfig, ConfigError } from './config/app-config';
import { configFromEnvironment } from './config/environment';

async function bootstrap(): Promise<void> {
  let config: AppConfig;
  try {
    config = configFromEnvironment();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config), { bodyParser: false, bufferLogs: true });
  app.enableShutdownHooks();
  await configureApp(app, config);
  const boot = app.get(BootService);
  const admin = await boot.start();
  await app.listen(config.port, config.host);
  process.stdout.write(boot.banner(admin));
}

bootstrap().catch((err: unknown) => {
  process.stderr.write(`RelayDesk could not start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
