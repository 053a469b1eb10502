using EmoteCare.Vision.Native;

namespace EmoteCare.Vision.Tests.Native;

public sealed class VisionNativeLibrariesTests
{
    [Fact]
    public void Missing_library_error_names_the_set_up_step()
    {
        var error = Assert.Throws<DllNotFoundException>(
            () => VisionNativeLibraries.Resolve(null, "EMOTECARE_TEST_UNSET_VARIABLE", "native/build/no-such-library.so", "test library"));

        Assert.Contains(Path.Combine(TestPaths.RepositoryRoot, "native/build/no-such-library.so"), error.Message, StringComparison.Ordinal);
        Assert.Contains("Run ./test.sh or eng/install-native.sh", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Configured_path_wins_over_the_environment_and_the_repository_default()
    {
        var path = VisionNativeLibraries.Resolve(TestPaths.EmotionTestModel, "PATH", "native/build/no-such-library.so", "test library");

        Assert.Equal(TestPaths.EmotionTestModel, path);
    }

    [Fact]
    public void Repository_default_is_found_by_walking_up_from_the_test_binaries()
    {
        var path = VisionNativeLibraries.Resolve(null, "EMOTECARE_TEST_UNSET_VARIABLE", VisionNativeLibraries.VisionShimRepositoryPath, "vision shim");

        Assert.Equal(Path.Combine(TestPaths.RepositoryRoot, "native", "build", "libemotecare_vision.so"), path);
    }
}
