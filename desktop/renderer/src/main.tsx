import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { connectLocalRouter } from './rpc/connect-local-router';
import './styles/app.css';

const root = createRoot(document.getElementById('root') as HTMLElement);
void connectLocalRouter().then((client) => {
  root.render(
    <StrictMode>
      <App client={client} />
    </StrictMode>,
  );
});
