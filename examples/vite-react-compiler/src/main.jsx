import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AllWidgets } from './generated/index.jsx';

createRoot(document.getElementById('root')).render(
  <StrictMode>
    <AllWidgets />
  </StrictMode>,
);
