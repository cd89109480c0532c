namespace CloudFreq.Core;

/// <summary>
/// A user-facing error: bad input, a model that cannot be used, a contradiction between files.
/// The message names the file or field and the cause; hosts print it without a stack trace.
/// </summary>
public class CloudFreqException(string message, Exception? inner = null) : Exception(message, inner);
