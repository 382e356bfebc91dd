// Downloads a file the server makes (a report, a table) under the name the server gives it; an error
// answer becomes an ApiError with the server's message.
import { ApiError } from './http';

export async function downloadFile(path: string, fallbackName: string): Promise<void> {
  const res = await fetch(path, {
    credentials: 'same-origin',
    headers: { 'Accept-Language': localStorage.getItem('callog.locale') === 'en' ? 'en' : 'ru' },
  });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
    throw new ApiError(res.status, body?.error?.code ?? `http_${res.status}`, body?.error?.message ?? res.statusText);
  }
  const blob = await res.blob();
  const cd = res.headers.get('Content-Disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/.exec(cd);
  const name = star ? decodeURIComponent(star[1]!) : fallbackName;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
