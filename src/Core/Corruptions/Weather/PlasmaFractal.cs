using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using CloudFreq.Core.Corruptions.Draws;

namespace CloudFreq.Core.Corruptions.Weather;

/// <summary>
/// The generators' diamond-square height map (a modification of FLHerne/mapgen): a square,
/// toroidal map whose every midpoint is the mean of its four neighbours plus
/// wibble * U(-wibble, wibble), with wibble starting at 100 and divided by the decay at each halving
/// of the step; finally shifted and scaled to [0, 1].
/// </summary>
internal static class PlasmaFractal
{
    private const double InitialWibble = 100;

    /// <summary>
    /// Fills <paramref name="map"/> (mapSize * mapSize, row-major) with a plasma fractal in [0, 1]
    /// (minimum exactly 0, maximum exactly 1). <paramref name="mapSize"/> must be a power of two.
    /// </summary>
    public static void Generate(int mapSize, double wibbleDecay, Random random, Span<double> map)
    {
        if (mapSize < 2 || (mapSize & (mapSize - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(mapSize), mapSize, "The plasma map size must be a power of two, at least 2.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(wibbleDecay, 0);
        ArgumentNullException.ThrowIfNull(random);
        if (map.Length != mapSize * mapSize)
        {
            throw new ArgumentException($"The map needs {mapSize * mapSize} values.", nameof(map));
        }

        map[0] = 0;
        if (CompatRandom.TryBorrow(random, out var draws))
        {
            Fill(map, mapSize, wibbleDecay, ref draws);
            draws.Return(random);
        }
        else
        {
            var fallback = new SystemRandomDraws(random);
            Fill(map, mapSize, wibbleDecay, ref fallback);
        }

        // Shift to 0 and scale to 1: the vectorized reductions give exactly the sequential
        // Math.Min / Math.Max folds (NaN wins, -0 below +0), and the element-wise steps are exact.
        var minimum = TensorPrimitives.Min<double>(map);
        TensorPrimitives.Subtract(map, minimum, map);
        var maximum = TensorPrimitives.Max<double>(map);
        TensorPrimitives.Divide(map, maximum, map);
    }

    /// <summary>
    /// The diamond-square passes, halving the step each time. A seeded Random's draws run inline
    /// (<see cref="CompatRandom"/>); indices wrap with a mask, the size being a power of two (an
    /// integer division per neighbour was most of the cost).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Fill<TDraws>(Span<double> map, int mapSize, double wibbleDecay, ref TDraws draws)
        where TDraws : struct, IUniformDraws
    {
        // A local copy keeps a struct generator's state in registers.
        var local = draws;
        var wibble = InitialWibble;
        for (var step = mapSize; step >= 2; step /= 2)
        {
            FillSquares(map, mapSize, step, wibble, ref local);
            FillDiamonds(map, mapSize, step, wibble, ref local);
            wibble /= wibbleDecay;
        }

        draws = local;
    }

    /// <summary>Centre of each square of corners <paramref name="step"/> apart.</summary>
    private static void FillSquares<TDraws>(Span<double> map, int size, int step, double wibble, ref TDraws random)
        where TDraws : struct, IUniformDraws
    {
        var (half, mask) = (step / 2, size - 1);
        for (var row = 0; row < size; row += step)
        {
            var nextRow = (row + step) & mask;
            for (var column = 0; column < size; column += step)
            {
                var nextColumn = (column + step) & mask;
                var corners = map[(row * size) + column] + map[(nextRow * size) + column]
                    + map[(row * size) + nextColumn] + map[(nextRow * size) + nextColumn];
                map[((row + half) * size) + column + half] = WibbledMean(corners, wibble, ref random);
            }
        }
    }

    /// <summary>
    /// Edge midpoints between the corners and the centres just filled: first those on the corner
    /// rows, then those on the centre rows (the generator's draw order).
    /// </summary>
    private static void FillDiamonds<TDraws>(Span<double> map, int size, int step, double wibble, ref TDraws random)
        where TDraws : struct, IUniformDraws
    {
        var (half, mask) = (step / 2, size - 1);
        for (var row = 0; row < size; row += step)
        {
            var centreAbove = (row - half + size) & mask;
            for (var column = 0; column < size; column += step)
            {
                var nextColumn = (column + step) & mask;
                var sum = map[((row + half) * size) + column + half] + map[(centreAbove * size) + column + half]
                    + map[(row * size) + column] + map[(row * size) + nextColumn];
                map[(row * size) + column + half] = WibbledMean(sum, wibble, ref random);
            }
        }

        for (var row = 0; row < size; row += step)
        {
            var nextRow = (row + step) & mask;
            for (var column = 0; column < size; column += step)
            {
                var centreLeft = (column - half + size) & mask;
                var sum = map[((row + half) * size) + column + half] + map[((row + half) * size) + centreLeft]
                    + map[(row * size) + column] + map[(nextRow * size) + column];
                map[((row + half) * size) + column] = WibbledMean(sum, wibble, ref random);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double WibbledMean<TDraws>(double sumOfFour, double wibble, ref TDraws random)
        where TDraws : struct, IUniformDraws =>
        (sumOfFour / 4) + (wibble * ((2 * random.NextDouble()) - 1) * wibble);
}
