namespace CloudFreq.Core.Analyses;

/// <summary>
/// Overlaps making the images of the next condition (filtering, composing hybrids) with scoring
/// the current one: two buffers, the producer one condition ahead of the consumer. On a GPU the
/// transforms then hide behind inference; on a CPU both share the cores.
/// </summary>
internal sealed class TransformPipeline(int bufferLength)
{
    private readonly float[][] _buffers = [new float[bufferLength], new float[bufferLength]];

    /// <param name="conditions">Number of conditions, processed in order.</param>
    /// <param name="produce">Fills the buffer with the images of condition k.</param>
    /// <param name="consume">Scores the buffer of condition k (on the calling thread).</param>
    public void Run(int conditions, Action<int, float[]> produce, Action<int, float[]> consume, CancellationToken cancellationToken)
    {
        if (conditions == 0)
        {
            return;
        }

        produce(0, _buffers[0]);
        for (var k = 0; k < conditions; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var next = k + 1;
            var ahead = next < conditions ? Task.Run(() => produce(next, _buffers[next % 2]), cancellationToken) : null;
            try
            {
                consume(k, _buffers[k % 2]);
            }
            finally
            {
                // Never leave a producer writing into a buffer the caller may reuse.
                ahead?.Wait(CancellationToken.None);
            }
        }
    }
}
