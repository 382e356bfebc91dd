// The user menu's «Сменить пароль» dialog; loaded when opened (the frame does not carry a modal).
import { Modal } from 'antd';
import { ChangePasswordForm } from './ChangePasswordForm';

export function PasswordDialog({ onClose, onDone }: { onClose: () => void; onDone: () => void }) {
  return (
    <Modal title="Смена пароля" open onCancel={onClose} footer={null} destroyOnHidden>
      <ChangePasswordForm onDone={onDone} />
    </Modal>
  );
}
