import { Module, type DynamicModule } from '@nestjs/common';
import { AuditModule } from './audit/audit.module.js';
import { CooperationModule } from './cooperation/cooperation.module.js';
import { GovernanceModule } from './governance/governance.module.js';
import { MembershipModule } from './membership/membership.module.js';
import { PlatformModule } from './platform/platform.module.js';
import type { Runtime } from './platform/runtime.js';
import { WorkModule } from './work/work.module.js';
import { ServicesModule } from './services/services.module.js';
import { ReportsModule } from './reports/reports.module.js';

@Module({})
export class AppModule {
  static forRuntime(runtime: Runtime): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRuntime(runtime),
        MembershipModule,
        GovernanceModule,
        WorkModule,
        ServicesModule,
        CooperationModule,
        AuditModule,
        ReportsModule,
      ],
    };
  }
}
