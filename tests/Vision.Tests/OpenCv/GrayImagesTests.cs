namespace EmoteCare.Vision.Tests.OpenCv;

public sealed class GrayImagesTests
{
    [Fact]
    public void Public_decode_grows_the_buffer_and_reports_the_size()
    {
        var jpeg = GrayImages.EncodeJpeg(new GrayImageView(TestImages.GradientPixels(64, 48), 64, 48), 90);
        var pixels = Array.Empty<byte>();

        var ok = GrayImages.TryDecode(jpeg, 4096, 4096, ref pixels, out var width, out var height, out var error);

        Assert.True(ok, error);
        Assert.Equal((64, 48), (width, height));
        Assert.True(pixels.Length >= 64 * 48);
    }

    [Fact]
    public void Public_decode_refuses_oversized_and_truncated_images_with_a_reason()
    {
        var jpeg = TestImages.GradientJpeg();
        var pixels = Array.Empty<byte>();

        Assert.False(GrayImages.TryDecode(jpeg, 100, 100, ref pixels, out _, out _, out var tooLarge));
        Assert.False(GrayImages.TryDecode(jpeg.AsSpan(0, 500), 4096, 4096, ref pixels, out _, out _, out var truncated));

        Assert.Equal("image is 320x240, the limit is 100x100", tooLarge);
        Assert.Contains("truncated", truncated, StringComparison.Ordinal);
        Assert.Empty(pixels);
    }

    [Fact]
    public void Public_resize_shrinks_a_region_by_area_averaging()
    {
        var pixels = new byte[100 * 100];
        pixels.AsSpan().Fill(77);
        var crop = new byte[48 * 48];

        GrayImages.Resize(new GrayImageView(pixels, 100, 100), new PixelRect(0, 0, 96, 96), crop, 48, 48);

        Assert.All(crop, b => Assert.Equal(77, b));
    }
}
