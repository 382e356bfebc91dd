// Every migration, in order. New migrations are appended here.
import type { MigrationInterface } from 'typeorm';
import { Initial1795888838226 } from './1795888838226-Initial';

export const migrations: (new () => MigrationInterface)[] = [Initial1795888838226];
