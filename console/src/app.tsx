import type { JSX } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { api } from './api/client.js';
import type { Me } from './api/types.js';
import { Loading } from './components/notice.js';
import { AgentPage } from './pages/agent-page.js';
import { CompaniesPage } from './pages/companies-page.js';
import { CompanyPage } from './pages/company-page.js';
import { SignInPage } from './pages/sign-in-page.js';
import { TaskPage } from './monitor/task-page.js';
import { TasksPage } from './monitor/tasks-page.js';
import { href, useRoute, type Route } from './router.js';
import { SlotEditor } from './slot-editor/slot-editor.js';

/** The shell: who is signed in, the navigation, and the page the hash names. */
export function App(): JSX.Element {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const refresh = useCallback(() => {
    api<Me>('GET', '/console/session').then(setMe, () => setMe(null));
  }, []);
  useEffect(() => {
    refresh();
    const signedOut = () => setMe(null);
    addEventListener('console:signed-out', signedOut);
    return () => removeEventListener('console:signed-out', signedOut);
  }, [refresh]);
  const route = useRoute();
  if (me === undefined) return <Loading />;
  if (me === null) return <SignInPage onSignedIn={setMe} />;
  const signOut = async () => {
    await api('DELETE', '/console/session').catch(() => undefined);
    setMe(null);
  };
  const home = me.company_id === null ? href('companies') : href('companies', me.company_id);
  return (
    <>
      <header class="top">
        <a class="brand" href={home}>
          wa-notify console
        </a>
        <nav aria-label="Main">
          <a href={home}>{me.company_id === null ? 'Companies' : `Company ${me.company_id}`}</a>
          <a href={href('tasks')}>Task monitor</a>
        </nav>
        <span class="who">
          {me.kind === 'admin' ? 'Admin' : `Company ${me.company_id} (${me.role})`}
          <button type="button" class="link" onClick={() => void signOut()}>
            Sign out
          </button>
        </span>
      </header>
      <main>
        <Page route={route} me={me} />
      </main>
    </>
  );
}

function Page({ route, me }: { route: Route; me: Me }): JSX.Element {
  const [first, second, third] = route.path;
  const readOnly = me.role === 'viewer';
  if (first === 'companies' && second) return <CompanyPage companyId={Number(second)} me={me} />;
  if (first === 'agents' && second && third === 'new-slot')
    return <SlotEditor agentId={second} readOnly={readOnly} />;
  if (first === 'agents' && second) return <AgentPage agentId={second} readOnly={readOnly} />;
  if (first === 'slots' && second) return <SlotEditor slotId={second} readOnly={readOnly} />;
  if (first === 'tasks' && second) return <TaskPage taskId={second} />;
  if (first === 'tasks') return <TasksPage params={route.params} me={me} />;
  if (me.company_id !== null) return <CompanyPage companyId={me.company_id} me={me} />;
  return <CompaniesPage />;
}
