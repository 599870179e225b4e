// The tiny apps the cells build: a handful of modules each, enough to see every module a plugin
// transforms come back warm.

export const REACT_APP: Record<string, string> = {
  'src/main.jsx': `import { createRoot } from 'react-dom/client';
import { App } from './App.jsx';

createRoot(document.getElementById('root')).render(<App title="compat" />);
`,
  'src/App.jsx': `import { Counter } from './Counter.jsx';
import { List } from './List.jsx';

export function App({ title }) {
  const items = ['a', 'b', 'c'].map((name) => ({ name, label: name.toUpperCase() }));
  return (
    <main>
      <h1>{title}</h1>
      <Counter start={1} />
      <List items={items} />
    </main>
  );
}
`,
  'src/Counter.jsx': `import { useState } from 'react';
import { formatCount } from './format.js';

export function Counter({ start }) {
  const [count, setCount] = useState(start);
  const label = formatCount(count);
  return <button onClick={() => setCount(count + 1)}>{label}</button>;
}
`,
  'src/List.jsx': `export function List({ items }) {
  const sorted = [...items].sort((a, b) => a.name.localeCompare(b.name));
  return <ul>{sorted.map((item) => <li key={item.name}>{item.label}</li>)}</ul>;
}
`,
  'src/format.js': `export function formatCount(count) {
  return \`clicked \${count} times\`;
}
`,
};

/** Modules of REACT_APP the React Compiler's babel pass must change (the JSX ones). */
export const REACT_JSX_MODULES = 4;

export const VUE_APP: Record<string, string> = {
  'src/main.js': `import { createApp } from 'vue';
import App from './App.vue';

createApp(App).mount('#app');
`,
  'src/App.vue': `<script setup>
import { ref } from 'vue';
import Greeting from './Greeting.vue';
import Items from './Items.vue';
const count = ref(0);
</script>

<template>
  <Greeting name="compat" />
  <button @click="count++">{{ count }}</button>
  <Items :items="['a', 'b']" />
</template>

<style scoped>
button { color: rebeccapurple; }
</style>
`,
  'src/Greeting.vue': `<script setup>
defineProps({ name: String });
</script>

<template><h1>Hello {{ name }}</h1></template>
`,
  'src/Items.vue': `<script setup>
defineProps({ items: Array });
</script>

<template><ul><li v-for="item in items" :key="item">{{ item }}</li></ul></template>

<style>
ul { margin: 0; }
</style>
`,
};

export const SVELTE_APP: Record<string, string> = {
  'src/main.js': `import { mount } from 'svelte';
import App from './App.svelte';

mount(App, { target: document.body });
`,
  'src/App.svelte': `<script>
  import Counter from './Counter.svelte';
  import Items from './Items.svelte';
  let { title = 'compat' } = $props();
</script>

<h1>{title}</h1>
<Counter />
<Items items={['a', 'b']} />

<style>
  h1 { color: rebeccapurple; }
</style>
`,
  'src/Counter.svelte': `<script>
  let count = $state(0);
</script>

<button onclick={() => count++}>{count}</button>
`,
  'src/Items.svelte': `<script>
  let { items } = $props();
</script>

<ul>{#each items as item}<li>{item}</li>{/each}</ul>

<style>
  ul { margin: 0; }
</style>
`,
};

const ICON = (color: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="4" fill="${color}"/></svg>\n`;

export const SVGR_APP: Record<string, string> = {
  'src/main.jsx': `import Dot from './dot.svg?react';
import Ring from './ring.svg?react';

globalThis.icons = [<Dot key="d" />, <Ring key="r" />];
`,
  'src/dot.svg': ICON('red'),
  'src/ring.svg': ICON('blue'),
};

export const MDX_APP: Record<string, string> = {
  'src/main.js': `import Intro from './intro.mdx';
import Guide from './guide.mdx';

globalThis.pages = [Intro, Guide];
`,
  'src/intro.mdx': `# Intro

Some *emphasis* and a [link](https://example.com).
`,
  'src/guide.mdx': `import { Note } from './note.jsx';

## Guide

<Note>read this</Note>

- one
- two
`,
  'src/note.jsx': `export function Note({ children }) {
  return <aside>{children}</aside>;
}
`,
};

/** Classes with TC39 decorators, for vite-plugin-babel + @babel/plugin-proposal-decorators: every module goes through babel. */
export const DECORATORS_APP: Record<string, string> = {
  'src/main.js': `import { Counter } from './counter.js';
import { Store } from './store.js';
import { logged } from './logged.js';

class App {
  @logged
  start() {
    return [new Counter().increment(), new Store().get('a')];
  }
}

globalThis.app = new App().start();
`,
  'src/logged.js': `export function logged(method, context) {
  const name = String(context.name);
  return function (...args) {
    globalThis.calls = [...(globalThis.calls ?? []), name];
    return method.apply(this, args);
  };
}

export function bound(method, context) {
  context.addInitializer(function () {
    this[context.name] = this[context.name].bind(this);
  });
}
`,
  'src/counter.js': `import { bound, logged } from './logged.js';

export class Counter {
  count = 0;

  @bound
  @logged
  increment() {
    return ++this.count;
  }
}
`,
  'src/store.js': `import { logged } from './logged.js';

export class Store {
  accessor items = { a: 1 };

  @logged
  get(key) {
    return this.items[key];
  }
}
`,
};

/** Modules of DECORATORS_APP babel rewrites (all of them). */
export const DECORATORS_MODULES = 4;
