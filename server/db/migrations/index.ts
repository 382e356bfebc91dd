// Every migration, in order. New migrations are appended here.
import type { MigrationInterface } from 'typeorm';
import { Initial1795890505258 } from './1795890505258-Initial';
import { SeedLines1795890505259 } from './1795890505259-SeedLines';

export const migrations: (new () => MigrationInterface)[] = [Initial1795890505258, SeedLines1795890505259];
