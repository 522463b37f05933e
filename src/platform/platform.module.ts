import { BlindSearch } from './personal-data/blind-search.js';
import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { TerminusModule } from '@nestjs/terminus';
import { AccountsController } from './auth/accounts.controller.js';
import { PasskeysController } from './auth/passkeys.controller.js';
import { ApiKeysController } from './auth/api-keys.controller.js';
import { CommandProcessor } from './commands/command-processor.js';
import { AuthGuard } from './http/auth.guard.js';
import { EventsController } from './http/events.controller.js';
import { ConsumerGroupsController } from './subscriptions/consumer-groups.controller.js';
import { RequestContextInterceptor } from './http/request-context.interceptor.js';
import { SystemController } from './http/system.controller.js';
import { HealthController } from './health/health.controller.js';
import { BLIND_INDEX, BLIND_SEARCH, CLOCK, CONFIG, EVENT_STORE, IDS, METRICS, RUNTIME, VAULT } from './http/tokens.js';
import { ProjectionRunner } from './projections/projection-runner.js';
import type { Runtime } from './runtime.js';

/** Hands the runtime's pieces to Nest's injector, and installs auth and the request context. */
@Global()
@Module({})
export class PlatformModule {
  static forRuntime(runtime: Runtime): DynamicModule {
    const providers = [
      { provide: RUNTIME, useValue: runtime },
      { provide: CONFIG, useValue: runtime.config },
      { provide: CLOCK, useValue: runtime.clock },
      { provide: IDS, useValue: runtime.ids },
      { provide: VAULT, useValue: runtime.vault },
      { provide: BLIND_INDEX, useValue: runtime.blindIndex },
      { provide: BLIND_SEARCH, useValue: new BlindSearch(runtime.blindIndex) },
      { provide: METRICS, useValue: runtime.metrics },
      { provide: EVENT_STORE, useValue: runtime.events },
      { provide: ProjectionRunner, useValue: runtime.projections },
      { provide: CommandProcessor, useValue: runtime.commands },
    ];
    return {
      module: PlatformModule,
      // Terminus runs the readiness checks; a failed check is in the answer, not in the log.
      imports: [CqrsModule.forRoot(), TerminusModule.forRoot({ logger: false })],
      controllers: [
        HealthController,
        SystemController,
        ApiKeysController,
        AccountsController,
        PasskeysController,
        EventsController,
        ConsumerGroupsController,
      ],
      providers: [
        ...providers,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_INTERCEPTOR, useClass: RequestContextInterceptor },
      ],
      exports: [...providers.map((p) => p.provide), CqrsModule],
    };
  }
}
