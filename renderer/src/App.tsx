import { useSession } from './state/session.js';
import { ConsoleScreen } from './screens/ConsoleScreen.js';
import { LoginScreen } from './screens/LoginScreen.js';

export function App({ hubUrl }: { hubUrl: string }) {
  const token = useSession((s) => s.token);
  return token ? <ConsoleScreen key={token} hubUrl={hubUrl} token={token} /> : <LoginScreen />;
}
