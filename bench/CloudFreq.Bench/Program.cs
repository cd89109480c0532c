using BenchmarkDotNet.Running;
using CloudFreq.Bench;

// Whole-run comparisons are timed by hand (one run is seconds long and owns the machine);
// kernels go through BenchmarkDotNet.
return args.FirstOrDefault() switch
{
    "clean-run" => await CleanRunComparison.RunAsync(args[1..]),
    "memory" => await MemoryComparison.RunAsync(args[1..]),
    "hybrid-run" => await HybridRunComparison.RunAsync(args[1..]),
    "corruption-cost" => CorruptionCost.Run(args[1..]),
    "memory-child" => await MemoryComparison.ChildAsync(args[1..]),
    _ => RunKernels(args),
};

static int RunKernels(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(CleanRunComparison).Assembly).Run(args);
    return 0;
}
