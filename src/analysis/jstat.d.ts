/** The small part of jStat agentperf uses (the package ships no types). */
declare module 'jstat' {
  interface StudentT {
    cdf(x: number, degreesOfFreedom: number): number;
    inv(p: number, degreesOfFreedom: number): number;
  }
  const jStat: { studentt: StudentT };
  export default jStat;
}
