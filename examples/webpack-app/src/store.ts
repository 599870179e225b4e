export interface Store<T> {
  add(item: T): void;
  items(): readonly T[];
}

export function createStore<T>(): Store<T> {
  const items: T[] = [];
  return {
    add: (item) => void items.push(item),
    items: () => items,
  };
}
