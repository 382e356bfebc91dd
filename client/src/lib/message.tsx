// Toast messages for the whole app from one antd message holder under the theme and locale, and the
// base text style antd's App component would give. (antd's App also carries modal and notification
// hooks nobody here uses, on the login page every user loads first.)
import { message as antMessage, theme } from 'antd';
import { createContext, useContext, type ReactNode } from 'react';

type MessageApi = ReturnType<typeof antMessage.useMessage>[0];

const Ctx = createContext<MessageApi | null>(null);

export function MessageProvider({ children }: { children: ReactNode }) {
  const [api, holder] = antMessage.useMessage();
  const { token } = theme.useToken();
  return (
    <Ctx.Provider value={api}>
      {holder}
      <div
        style={{
          fontFamily: token.fontFamily,
          fontSize: token.fontSize,
          lineHeight: token.lineHeight,
          color: token.colorText,
        }}
      >
        {children}
      </div>
    </Ctx.Provider>
  );
}

/** `message.success(...)` and the rest, as `App.useApp()` gave them. */
export function useMessage(): { message: MessageApi } {
  const message = useContext(Ctx);
  if (!message) throw new Error('useMessage outside MessageProvider');
  return { message };
}
