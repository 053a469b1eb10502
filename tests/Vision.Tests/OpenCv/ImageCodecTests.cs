using EmoteCare.Vision.OpenCv;
using OpenCvSharp;

namespace EmoteCare.Vision.Tests.OpenCv;

public sealed class ImageCodecTests
{
    [Fact]
    public void Jpeg_round_trip_decodes_to_gray_of_the_encoded_size()
    {
        var pixels = TestImages.GradientPixels(320, 240);
        var jpeg = ImageCodec.EncodeJpeg(new GrayImageView(pixels, 320, 240), 90);
        var decoded = new byte[320 * 240];

        var status = ImageCodec.DecodeGray(jpeg, 4096, 4096, decoded, out var header, out var error);

        Assert.Equal(ImageStatus.Ok, status);
        Assert.Null(error);
        Assert.Equal(new ImageHeader(ImageFormat.Jpeg, 320, 240), header);
        var worst = 0;
        for (var i = 0; i < pixels.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(pixels[i] - decoded[i]));
        }

        Assert.True(worst < 24, $"largest pixel error {worst}");
    }

    [Fact]
    public void Png_decodes_to_gray()
    {
        var png = File.ReadAllBytes(TestPaths.TestData("gradient-64x48.png"));
        var decoded = new byte[64 * 48];

        var status = ImageCodec.DecodeGray(png, 4096, 4096, decoded, out var header, out _);

        Assert.Equal(ImageStatus.Ok, status);
        Assert.Equal(new ImageHeader(ImageFormat.Png, 64, 48), header);
        Assert.Equal(4 * 10, decoded[(5 * 64) + 10]);
    }

    [Fact]
    public void Probe_reads_dimensions_from_the_header_alone()
    {
        var jpeg = TestImages.WithDeclaredSize(TestImages.GradientJpeg(), 30000, 30000);

        var status = ImageCodec.Probe(jpeg, out var header, out _);

        Assert.Equal(ImageStatus.Ok, status);
        Assert.Equal(new ImageHeader(ImageFormat.Jpeg, 30000, 30000), header);
    }

    [Fact]
    public void Header_claiming_30000x30000_is_refused_before_any_pixel_is_decoded()
    {
        var jpeg = TestImages.WithDeclaredSize(TestImages.GradientJpeg(), 30000, 30000);
        var destination = new byte[16];

        var status = ImageCodec.DecodeGray(jpeg, 4096, 4096, destination, out var header, out var error);

        Assert.Equal(ImageStatus.DimensionsTooLarge, status);
        Assert.Equal(30000, header.Width);
        Assert.Contains("30000x30000", error, StringComparison.Ordinal);
        Assert.All(destination, b => Assert.Equal(0, b));
    }

    [Fact]
    public void Truncated_jpeg_is_reported_as_truncated()
    {
        var jpeg = TestImages.GradientJpeg();
        var decoded = new byte[320 * 240];

        var status = ImageCodec.DecodeGray(jpeg.AsSpan(0, jpeg.Length / 2), 4096, 4096, decoded, out _, out var error);

        Assert.Equal(ImageStatus.Truncated, status);
        Assert.Contains("truncated", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Jpeg_cut_inside_its_headers_is_reported_as_truncated()
    {
        var jpeg = TestImages.GradientJpeg();

        var status = ImageCodec.Probe(jpeg.AsSpan(0, 40), out _, out _);

        Assert.Equal(ImageStatus.Truncated, status);
    }

    [Fact]
    public void Bytes_that_are_no_image_are_an_unsupported_format()
    {
        var status = ImageCodec.Probe("GIF89a this is not what we accept"u8, out var header, out var error);

        Assert.Equal(ImageStatus.UnsupportedFormat, status);
        Assert.Equal(ImageFormat.Unknown, header.Format);
        Assert.Equal("not a JPEG or PNG image", error);
    }

    [Fact]
    public void Destination_smaller_than_the_image_is_refused()
    {
        var status = ImageCodec.DecodeGray(TestImages.GradientJpeg(), 4096, 4096, new byte[100], out _, out _);

        Assert.Equal(ImageStatus.BufferTooSmall, status);
    }

    [Fact]
    public void Corrupted_scan_data_never_crashes_the_decoder()
    {
        var jpeg = TestImages.GradientJpeg();
        var decoded = new byte[320 * 240];
        var random = new Random(5);
        for (var round = 0; round < 200; round++)
        {
            var copy = (byte[])jpeg.Clone();
            for (var flips = 0; flips < 20; flips++)
            {
                copy[random.Next(2, copy.Length - 2)] ^= (byte)(1 << random.Next(8));
            }

            var status = ImageCodec.DecodeGray(copy, 4096, 4096, decoded, out _, out _);

            Assert.True(status is ImageStatus.Ok or ImageStatus.DecodeFailed or ImageStatus.Truncated or ImageStatus.UnsupportedFormat or ImageStatus.DimensionsTooLarge or ImageStatus.BufferTooSmall, $"round {round}: {status}");
        }
    }

    [Fact]
    public void Resize_of_a_region_uses_area_averaging()
    {
        var pixels = new byte[100 * 100];
        pixels.AsSpan().Fill(200);
        var image = new GrayImageView(pixels, 100, 100);
        var crop = new byte[48 * 48];

        GrayResize.Resize(image, new PixelRect(10, 20, 80, 60), crop, 48, 48, InterpolationFlags.Area);

        Assert.All(crop, b => Assert.Equal(200, b));
    }

    [Fact]
    public void Resize_region_outside_the_image_is_refused_before_OpenCV_sees_it()
    {
        var pixels = new byte[100 * 100];

        var error = Assert.Throws<ArgumentException>(
            () => GrayResize.Resize(new GrayImageView(pixels, 100, 100), new PixelRect(60, 60, 50, 50), new byte[48 * 48], 48, 48, InterpolationFlags.Area));

        Assert.Contains("outside the 100x100 image", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cascade_file_that_is_not_a_cascade_is_invalid_data()
    {
        var path = Path.Combine(Path.GetTempPath(), $"not-a-cascade-{Guid.NewGuid():N}.xml");
        File.WriteAllText(path, "<opencv_storage><nothing/></opencv_storage>");
        try
        {
            Assert.Throws<InvalidDataException>(() => HaarCascade.Load(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Cascade_on_a_blank_image_finds_nothing()
    {
        using var cascade = HaarCascade.Load(TestPaths.HaarFrontalFace);
        var image = new GrayImageView(new byte[320 * 240], 320, 240);
        Span<PixelRect> results = stackalloc PixelRect[4];

        var found = cascade.Detect(image, image.Bounds, 1.1, 4, 40, 0, results);

        Assert.Equal(0, found);
    }
}
