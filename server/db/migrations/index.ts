// Every migration, in order. New migrations are appended here.
import type { MigrationInterface } from 'typeorm';
import { Initial1795890505258 } from './1795890505258-Initial';
import { SeedLines1795890505259 } from './1795890505259-SeedLines';
import { AddJournalSearch1795896242860 } from './1795896242860-AddJournalSearch';
import { JournalIndexes1795896535487 } from './1795896535487-JournalIndexes';
import { JournalOrganizationIndex1795898490872 } from './1795898490872-JournalOrganizationIndex';
import { JournalCoveringIndexes1795920000000 } from './1795920000000-JournalCoveringIndexes';
import { CallHoldAndRawCallerId1795925066508 } from './1795925066508-CallHoldAndRawCallerId';
import { UserMustChangePassword1795927131235 } from './1795927131235-UserMustChangePassword';
import { CallsUpIndex1795950000000 } from './1795950000000-CallsUpIndex';
import { StatsFacts1795960000000 } from './1795960000000-StatsFacts';
import { StatsIndexes1795960000001 } from './1795960000001-StatsIndexes';
import { MailChannel1795963608461 } from './1795963608461-MailChannel';
import { EntriesSenderIndex1795969424596 } from './1795969424596-EntriesSenderIndex';
import { EntriesNewMail1795980000000 } from './1795980000000-EntriesNewMail';
import { SearchWordForms1795990000000 } from './1795990000000-SearchWordForms';
import { CalendarYears1795984418971 } from './1795984418971-CalendarYears';

export const migrations: (new () => MigrationInterface)[] = [
  Initial1795890505258,
  SeedLines1795890505259,
  AddJournalSearch1795896242860,
  JournalIndexes1795896535487,
  JournalOrganizationIndex1795898490872,
  JournalCoveringIndexes1795920000000,
  CallHoldAndRawCallerId1795925066508,
  UserMustChangePassword1795927131235,
  CallsUpIndex1795950000000,
  StatsFacts1795960000000,
  StatsIndexes1795960000001,
  MailChannel1795963608461,
  EntriesSenderIndex1795969424596,
  EntriesNewMail1795980000000,
  CalendarYears1795984418971,
  SearchWordForms1795990000000,
];
