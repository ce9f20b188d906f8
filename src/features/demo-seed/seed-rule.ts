const seedPattern = /^[A-Za-z0-9._-]{1,64}$/

/** Whether `seed` can be a demo seed: letters, digits, `-`, `_`, `.`; at most 64 (it goes into links). */
export const isDemoSeed = (seed: string): boolean => seedPattern.test(seed)
