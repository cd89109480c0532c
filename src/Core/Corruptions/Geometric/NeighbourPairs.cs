using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CloudFreq.Core.Corruptions.Geometric;

/// <summary>
/// The left and right neighbours (p[i], p[i + 1]) of four bilinear taps, read as four 8-byte
/// loads and two shuffles: cheaper than two gathers on the CPUs measured (AMD Zen 4).
/// </summary>
internal static class NeighbourPairs
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe (Vector128<float> Left, Vector128<float> Right) Load(float* p, Vector128<int> indices)
    {
        var first = Vector128.Create(Unsafe.ReadUnaligned<double>(p + indices.GetElement(0)), Unsafe.ReadUnaligned<double>(p + indices.GetElement(1))).AsSingle();
        var second = Vector128.Create(Unsafe.ReadUnaligned<double>(p + indices.GetElement(2)), Unsafe.ReadUnaligned<double>(p + indices.GetElement(3))).AsSingle();
        return (Sse.Shuffle(first, second, 0b10_00_10_00), Sse.Shuffle(first, second, 0b11_01_11_01));
    }
}
