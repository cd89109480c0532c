namespace CloudFreq.Core.Data;

/// <summary>Record geometry of CIFAR binary batches and how a file's variant is recognized.</summary>
internal static class CifarRecords
{
    public const int Side = 32;
    public const int PixelBytes = 3 * Side * Side;

    public static int LabelBytes(CifarVariant variant) => variant == CifarVariant.Cifar10 ? 1 : 2;

    public static int RecordSize(CifarVariant variant) => LabelBytes(variant) + PixelBytes;

    /// <summary>Class count the variant's fine labels range over.</summary>
    public static int ClassCount(CifarVariant variant) => variant == CifarVariant.Cifar10 ? 10 : 100;

    /// <summary>
    /// The variant of one batch file: by its standard name first (data_batch_*, test_batch: CIFAR-10;
    /// train.bin, test.bin: CIFAR-100), else by which record size divides the file size. A size
    /// divisible by both (a multiple of 3073 x 3074 bytes) is read as CIFAR-10 when every label
    /// byte at the CIFAR-10 stride is below 10, else as CIFAR-100.
    /// </summary>
    public static CifarVariant Detect(string path, long length, Func<bool> cifar10LabelsValid)
    {
        var name = Path.GetFileName(path);
        CifarVariant? byName =
            name.StartsWith("data_batch", StringComparison.OrdinalIgnoreCase) || name.StartsWith("test_batch", StringComparison.OrdinalIgnoreCase)
                ? CifarVariant.Cifar10
                : name.Equals("train.bin", StringComparison.OrdinalIgnoreCase) || name.Equals("test.bin", StringComparison.OrdinalIgnoreCase)
                    ? CifarVariant.Cifar100
                    : null;
        var fits10 = length % RecordSize(CifarVariant.Cifar10) == 0;
        var fits100 = length % RecordSize(CifarVariant.Cifar100) == 0;
        if (byName is CifarVariant named)
        {
            if (length % RecordSize(named) != 0)
            {
                throw SizeError(path, length);
            }

            return named;
        }

        return (fits10, fits100) switch
        {
            (true, false) => CifarVariant.Cifar10,
            (false, true) => CifarVariant.Cifar100,
            (true, true) => cifar10LabelsValid() ? CifarVariant.Cifar10 : CifarVariant.Cifar100,
            _ => throw SizeError(path, length),
        };
    }

    private static CloudFreqException SizeError(string path, long length) => new(
        $"{path}: size {length} bytes is not a whole number of CIFAR records "
        + $"({RecordSize(CifarVariant.Cifar10)} bytes for CIFAR-10, {RecordSize(CifarVariant.Cifar100)} for CIFAR-100); the file may be truncated.");
}
