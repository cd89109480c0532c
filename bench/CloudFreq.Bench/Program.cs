using BenchmarkDotNet.Running;
using CloudFreq.Bench;

// Whole-run comparisons are timed by hand (one run is seconds long and owns the machine);
// kernels go through BenchmarkDotNet.
return args.FirstOrDefault() switch
{
    "clean-run" => await CleanRunComparison.RunAsync(args[1..]),
    "memory" => await MemoryComparison.RunAsync(args[1..]),
    "hybrid-run" => await HybridRunComparison.RunAsync(args[1..]),
    "hybrid-profile" => HybridCostProfile.Run(args[1..]),
    "corruption-cost" => CorruptionCost.Run(args[1..]),
    "pgd-step" => PgdStepCost.Run(args[1..]),
    "cloud-overhead" => await CloudOverhead.RunAsync(args[1..]),
    "shard-staging" => await ShardStaging.RunAsync(args[1..]),
    "shard-item-staging" => await ItemShardStaging.RunAsync(args[1..]),
    "estimate" => await EstimateAccuracy.RunAsync(args[1..]),
    "memory-child" => await MemoryComparison.ChildAsync(args[1..]),
    "help" or "usage" => Usage(),
    _ => RunKernels(args),
};

static int Usage()
{
    Console.WriteLine(string.Join(Environment.NewLine, [
        "CloudFreq.Bench modes (dotnet run -c Release --project bench/CloudFreq.Bench -- MODE ARGS):",
        "  clean-run [batch] [repeats]    whole run vs bare ONNX Runtime loop + decode",
        "  memory [imagenet-model]        peak memory at 1k/10k CIFAR and 20..1,000 ImageNet images",
        "  " + HybridRunComparison.Usage,
        "  " + HybridCostProfile.Usage,
        "  " + CorruptionCost.Usage,
        "  " + PgdStepCost.Usage,
        "  " + CloudOverhead.Usage,
        "  " + ShardStaging.Usage,
        "  " + ItemShardStaging.Usage,
        "  " + EstimateAccuracy.Usage,
        "  help                           this text",
        "  anything else                  BenchmarkDotNet kernels (for example --filter '*')",
    ]));
    return 0;
}

static int RunKernels(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(CleanRunComparison).Assembly).Run(args);
    return 0;
}
