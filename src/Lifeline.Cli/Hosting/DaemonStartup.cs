using Lifeline.Config;
using Lifeline.Journal;
using Lifeline.Monitoring;

namespace Lifeline.Cli.Hosting;

/// <summary>Everything the daemon needs that can fail before it starts: a valid configuration, its targets, an open journal.</summary>
internal sealed record DaemonStartup(LifelineConfig Config, TargetCatalog Catalog, JournalDatabase Journal);
