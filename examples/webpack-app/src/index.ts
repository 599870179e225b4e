import { renderList } from './render.js';
import { createStore } from './store.js';

const store = createStore<string>();
store.add('warm');
store.add('build');
const root = document.querySelector('#app');
if (root) root.innerHTML = renderList(store.items());
