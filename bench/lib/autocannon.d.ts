// The part of autocannon's API the benchmarks use (the package ships no types).
declare module 'autocannon' {
  namespace autocannon {
    interface Options {
      url: string; connections?: number; duration?: number; pipelining?: number;
      headers?: Record<string, string>;
      requests?: { method?: string; path?: string; setupRequest?: (req: Record<string, unknown>) => Record<string, unknown> }[];
    }
    interface Result {
      requests: { average: number; total: number };
      latency: { p50: number; p90: number; p99: number; max: number };
      non2xx: number; errors: number;
    }
  }
  function autocannon(options: autocannon.Options): Promise<autocannon.Result>;
  export default autocannon;
}
