// Month names as the desk writes them: "октябрь 2026".
import dayjs from 'dayjs';

export const monthLabel = (month: string) => dayjs(`${month}-01`).locale('ru').format('MMMM YYYY');
