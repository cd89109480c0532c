namespace CloudFreq.Core.Data;

/// <summary>The two CIFAR binary record layouts.</summary>
internal enum CifarVariant
{
    /// <summary>1 label byte + 3072 pixel bytes.</summary>
    Cifar10,

    /// <summary>2 label bytes (coarse, fine) + 3072 pixel bytes; the fine label is used.</summary>
    Cifar100,
}
