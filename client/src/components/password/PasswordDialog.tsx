// The user menu's «Сменить пароль» dialog; loaded when opened (the frame does not carry a modal).
import { Modal } from 'antd';
import { useI18n } from '../../lib/i18n';
import { ChangePasswordForm } from './ChangePasswordForm';

export function PasswordDialog({ onClose, onDone }: { onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  return (
    <Modal title={t('password.dialog')} open onCancel={onClose} footer={null} destroyOnHidden>
      <ChangePasswordForm onDone={onDone} />
    </Modal>
  );
}
