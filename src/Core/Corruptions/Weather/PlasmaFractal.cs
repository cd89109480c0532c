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
        var wibble = InitialWibble;
        for (var step = mapSize; step >= 2; step /= 2)
        {
            FillSquares(map, mapSize, step, wibble, random);
            FillDiamonds(map, mapSize, step, wibble, random);
            wibble /= wibbleDecay;
        }

        var minimum = double.PositiveInfinity;
        foreach (var value in map)
        {
            minimum = Math.Min(minimum, value);
        }

        var maximum = double.NegativeInfinity;
        foreach (ref var value in map)
        {
            value -= minimum;
            maximum = Math.Max(maximum, value);
        }

        foreach (ref var value in map)
        {
            value /= maximum;
        }
    }

    /// <summary>Centre of each square of corners <paramref name="step"/> apart.</summary>
    private static void FillSquares(Span<double> map, int size, int step, double wibble, Random random)
    {
        var half = step / 2;
        for (var row = 0; row < size; row += step)
        {
            var nextRow = (row + step) % size;
            for (var column = 0; column < size; column += step)
            {
                var nextColumn = (column + step) % size;
                var corners = map[(row * size) + column] + map[(nextRow * size) + column]
                    + map[(row * size) + nextColumn] + map[(nextRow * size) + nextColumn];
                map[((row + half) * size) + column + half] = WibbledMean(corners, wibble, random);
            }
        }
    }

    /// <summary>
    /// Edge midpoints between the corners and the centres just filled: first those on the corner
    /// rows, then those on the centre rows (the generator's draw order).
    /// </summary>
    private static void FillDiamonds(Span<double> map, int size, int step, double wibble, Random random)
    {
        var half = step / 2;
        for (var row = 0; row < size; row += step)
        {
            var centreAbove = (row - half + size) % size;
            for (var column = 0; column < size; column += step)
            {
                var nextColumn = (column + step) % size;
                var sum = map[((row + half) * size) + column + half] + map[(centreAbove * size) + column + half]
                    + map[(row * size) + column] + map[(row * size) + nextColumn];
                map[(row * size) + column + half] = WibbledMean(sum, wibble, random);
            }
        }

        for (var row = 0; row < size; row += step)
        {
            var nextRow = (row + step) % size;
            for (var column = 0; column < size; column += step)
            {
                var centreLeft = (column - half + size) % size;
                var sum = map[((row + half) * size) + column + half] + map[((row + half) * size) + centreLeft]
                    + map[(row * size) + column] + map[(nextRow * size) + column];
                map[((row + half) * size) + column] = WibbledMean(sum, wibble, random);
            }
        }
    }

    private static double WibbledMean(double sumOfFour, double wibble, Random random) =>
        (sumOfFour / 4) + (wibble * ((2 * random.NextDouble()) - 1) * wibble);
}
