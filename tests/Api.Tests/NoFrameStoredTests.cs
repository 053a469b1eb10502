using System.Net.Http.Json;
using System.Text;
using EmoteCare.Api.Hubs;
using EmoteCare.Vision;
using Npgsql;

namespace EmoteCare.Api.Tests;

/// <summary>Raw frames are never written anywhere: after a live session, no trace of a frame's bytes is in the database, the logs or PostgreSQL's data folder.</summary>
public sealed class NoFrameStoredTests(HubTests.Fixture fixture) : IClassFixture<HubTests.Fixture>
{
    private TestApi Api => fixture.Api;

    [Fact]
    public async Task A_streamed_session_leaves_no_frame_bytes_in_the_database_logs_or_data_folder()
    {
        var frame = NoiseJpeg();
        // A stretch of entropy-coded data: unique to this image, and what any stored copy would contain.
        var signature = frame.AsSpan(frame.Length / 2, 48).ToArray();
        var world = await World.CreateAsync(Api);
        var sessionId = await world.NewScheduledSessionAsync();
        (await world.Patient.Client.PutAsJsonAsync($"/api/sessions/{sessionId}/consent", new { facialAnalysis = true })).EnsureSuccessStatusCode();
        (await world.Therapist.Client.PostAsync(new Uri($"/api/sessions/{sessionId}/start", UriKind.Relative), null)).EnsureSuccessStatusCode();
        await using (var patient = await HubTestClient.ConnectAsync(Api, HubTestClient.TokenOf(world.Patient)))
        {
            await patient.InvokeAsync("JoinAsPatient", sessionId);
            for (var i = 0; i < 3; i++)
            {
                // Replaced: a busy machine had not analysed the previous frame yet; either way this one is analysed.
                Assert.Contains((await patient.InvokeAsync("SendFrame", sessionId, frame, i + 1, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())).GetString(), new[] { FrameOutcomes.Queued, FrameOutcomes.Replaced });
                await Task.Delay(300);
            }
        }

        (await world.Therapist.Client.PostAsync(new Uri($"/api/sessions/{sessionId}/end", UriKind.Relative), null)).EnsureSuccessStatusCode();
        var snapshot = await world.Grains.GetGrain<Grains.Interfaces.ITherapySessionGrain>(sessionId).GetSnapshot();
        Assert.True(snapshot.Aggregate.Frames > 0, "the frames were analysed");

        // A stored copy of the whole frame in base64 (JSON's encoding of bytes) contains this stretch of the frame's base64.
        var frameBase64 = Convert.ToBase64String(frame);
        var base64 = frameBase64.Substring(frameBase64.Length / 2, 48);
        var hex = Convert.ToHexString(signature).ToLowerInvariant();
        Assert.DoesNotContain(await DatabaseTextAsync(), text => text.Contains(base64, StringComparison.Ordinal) || text.Contains(hex, StringComparison.Ordinal));
        Assert.DoesNotContain(Api.Logs.Lines, line => line.Contains(base64, StringComparison.Ordinal));
        var dataFolder = Environment.GetEnvironmentVariable("EMOTECARE_TEST_PGDATA");
        if (dataFolder is null)
        {
            Console.WriteLine("EMOTECARE_TEST_PGDATA is not set (./test.sh sets it): PostgreSQL's data folder was not scanned.");
            return;
        }

        foreach (var file in Directory.EnumerateFiles(dataFolder, "*", SearchOption.AllDirectories))
        {
            byte[] bytes;
            try
            {
                bytes = await File.ReadAllBytesAsync(file);
            }
            catch (IOException)
            {
                // The server's Unix socket lives here too; it holds no data.
                continue;
            }

            Assert.True(bytes.AsSpan().IndexOf(signature) < 0, $"{file} holds frame bytes");
            Assert.True(bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(base64)) < 0, $"{file} holds base64 frame bytes");
        }
    }

    private static byte[] NoiseJpeg()
    {
        var random = new Random(20261122);
        var pixels = new byte[320 * 240];
        random.NextBytes(pixels);
        return GrayImages.EncodeJpeg(new GrayImageView(pixels, 320, 240), quality: 90);
    }

    /// <summary>Every row of every table in the test database, as text.</summary>
    private async Task<List<string>> DatabaseTextAsync()
    {
        await using var connection = new NpgsqlConnection(Api.ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND table_type = 'BASE TABLE'", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        Assert.Contains(tables, t => t.EndsWith("orleansstorage", StringComparison.Ordinal));
        var rows = new List<string>();
        foreach (var table in tables)
        {
            await using var select = new NpgsqlCommand($"SELECT t::text FROM {table} t", connection);
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add(reader.GetString(0));
            }
        }

        return rows;
    }
}
