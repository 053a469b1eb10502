namespace EmoteCare.Testing;

/// <summary>The PostgreSQL that ./test.sh starts; its connection string arrives in EMOTECARE_TEST_POSTGRES.</summary>
internal static class TestPostgres
{
    public static string ConnectionString => Environment.GetEnvironmentVariable("EMOTECARE_TEST_POSTGRES")
        ?? throw new InvalidOperationException("EMOTECARE_TEST_POSTGRES is not set: run the tests with ./test.sh, which starts a throwaway PostgreSQL and sets it.");
}
