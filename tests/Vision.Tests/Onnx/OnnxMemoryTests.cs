using EmoteCare.Vision.Onnx;

namespace EmoteCare.Vision.Tests.Onnx;

[Collection(SerialCollection.Name)]
public sealed class OnnxMemoryTests
{
    [Fact]
    public void Hundred_thousand_inferences_keep_resident_memory_flat()
    {
        using var session = OnnxSession.Open(TestPaths.EmotionTestModel);
        using var outputs = session.CreateOutputs();
        var pixels = new float[48 * 48];
        var random = new Random(1);
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = random.Next(256);
        }

        long[] shape = [1, 1, 48, 48];
        var checksum = 0f;
        // Warm up for long enough that tiered JIT has recompiled the loop: that one-off step
        // (about 2 MB of code heap) would otherwise look like growth.
        var warmUp = System.Diagnostics.Stopwatch.StartNew();
        while (warmUp.Elapsed < TimeSpan.FromSeconds(2))
        {
            session.Run("input", pixels, shape, outputs);
            checksum += outputs.GetFloats(0)[0];
        }

        GC.Collect();
        var afterWarmUp = ResidentMemory.Bytes();
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100_000; i++)
        {
            session.Run("input", pixels, shape, outputs);
            checksum += outputs.GetFloats(0)[0];
        }

        var managedBytes = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        GC.Collect();
        var growth = ResidentMemory.Bytes() - afterWarmUp;

        Assert.True(float.IsFinite(checksum));
        Assert.True(managedBytes < 1024, $"{managedBytes} managed bytes allocated over 100,000 runs");
        // A leak of even one small ORT object per run would be several MB over 100k runs.
        Assert.True(growth < 1536 * 1024, $"resident memory grew by {growth / 1024} KiB over 100,000 runs");
    }
}
