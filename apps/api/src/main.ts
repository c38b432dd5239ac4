import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { AppConfig } from './config/app-config';
import { checkEnvironment } from './config/environment';

async function bootstrap(): Promise<void> {
  checkEnvironment();
  const app = await createApp();
  const { port, host } = app.get(AppConfig);
  await app.listen(port, host);
  Logger.log(`listening on http://${host}:${port}`, 'Bootstrap');
}

bootstrap().catch((error: Error) => {
  // A bad setting is the usual cause: say it plainly, without a stack trace.
  console.error(`hazelcast-sidecar api failed to start: ${error.message}`);
  process.exit(1);
});
