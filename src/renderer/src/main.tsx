import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { apiClient } from './api.ts';
import { App } from './components/App.tsx';
import { ErrorBoundary } from './components/ErrorBoundary.tsx';
import { RootStore } from './stores/RootStore.ts';
import { StoreProvider } from './stores/context.tsx';
import './styles.css';

/** The next frame the window draws; at once when it is hidden, as it then draws none. */
const nextFrame = () =>
  document.visibilityState === 'hidden'
    ? Promise.resolve()
    : new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve)));

const store = new RootStore(apiClient(), { nextFrame });
void store.start();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <StoreProvider store={store}>
      <ErrorBoundary what="The workbench">
        <App />
      </ErrorBoundary>
    </StoreProvider>
  </StrictMode>,
);
