using IncidentBot.Core;
using IncidentBot.Host;
using IncidentBot.Host.Health;
using IncidentBot.Host.Postmortems;
using IncidentBot.Host.Sandbox;
using IncidentBot.Slack;
using IncidentBot.Storage;

var builder = WebApplication.CreateBuilder(args);

// Domain and use cases, then the ports they need, then this host's own pieces.
builder.Services.AddIncidentCore();
builder.Services.AddIncidentStorage(builder.Configuration);
builder.Services.AddIncidentHost(builder.Configuration);
builder.Services.AddSlackAdapter(builder.Configuration);

var app = builder.Build();

app.MapHealth();
app.MapSandbox();
app.MapPostmortems();
app.MapSlack();

await app.RunAsync();
