// Every entity of the schema, for the data source and the migration drift check.
import { LoginAttemptEntity, SessionEntity } from '../auth/session.entity';
import { CalendarOverrideEntity } from '../calendar/calendar-override.entity';
import { CalendarYearEntity } from '../calendar/calendar-year.entity';
import { CallEntity } from '../calls/call.entity';
import { EntryEntity, EntryHistoryEntity, RegCounterEntity } from '../journal/entry.entity';
import { LineEntity } from '../lines/line.entity';
import { MailAttachmentEntity, MailCursorEntity, MailMessageEntity, MailOutboxEntity } from '../mail/mail.entity';
import { OrganizationEntity, OrganizationPhoneEntity } from '../organizations/organization.entity';
import { PbxStateEntity } from '../pbx/pbx-state.entity';
import { HandoverEntity } from '../reports/handover.entity';
import { SettingEntity } from '../settings/setting.entity';
import { UserEntity, UserExtensionEntity } from '../users/user.entity';

export const entities = [
  UserEntity,
  UserExtensionEntity,
  SessionEntity,
  LoginAttemptEntity,
  LineEntity,
  OrganizationEntity,
  OrganizationPhoneEntity,
  CallEntity,
  EntryEntity,
  EntryHistoryEntity,
  RegCounterEntity,
  CalendarOverrideEntity,
  CalendarYearEntity,
  HandoverEntity,
  SettingEntity,
  PbxStateEntity,
  MailMessageEntity,
  MailAttachmentEntity,
  MailCursorEntity,
  MailOutboxEntity,
];
