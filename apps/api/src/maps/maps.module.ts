import { Module } from '@nestjs/common';
import { MetricsModule } from '../metrics/metrics.module';
import { KeyLengthLimit, ValueSizeLimit } from './dto/limits';
import { GuideController } from './guide.controller';
import { MapsController } from './maps.controller';
import { MapsService } from './maps.service';

@Module({
  imports: [MetricsModule],
  controllers: [GuideController, MapsController],
  providers: [MapsService, KeyLengthLimit, ValueSizeLimit],
})
export class MapsModule {}
