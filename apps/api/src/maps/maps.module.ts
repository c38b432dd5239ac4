import { Module } from '@nestjs/common';
import { MetricsModule } from '../metrics/metrics.module';
import { KeyLengthLimit, ValueSizeLimit } from './dto/limits';
import { GuideController } from './guide.controller';
import { FastPath } from './fast-path';
import { MapsController } from './maps.controller';
import { MapsService } from './maps.service';

@Module({
  imports: [MetricsModule],
  controllers: [GuideController, MapsController],
  providers: [MapsService, FastPath, KeyLengthLimit, ValueSizeLimit],
})
export class MapsModule {}
