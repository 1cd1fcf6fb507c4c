// The part of flamebearer (mapbox) the tests use to check exported .cpuprofile files.
declare module 'flamebearer' {
  export function parseCpuProfile(data: unknown, name: string): unknown;
}
