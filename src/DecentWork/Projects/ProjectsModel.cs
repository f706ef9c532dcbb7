using DecentWork.Countries;
using DecentWork.Practices;
using DecentWork.Thesaurus;
using Microsoft.EntityFrameworkCore;

namespace DecentWork.Projects;

/// <summary>The projects' part of the model, kept with the feature; AppDb calls it.</summary>
public static class ProjectsModel
{
    public const int IdentifierLength = 200;

    public static void Configure(ModelBuilder b)
    {
        b.Entity<Project>(e =>
        {
            e.Property(p => p.IatiIdentifier).HasMaxLength(IdentifierLength);
            e.HasIndex(p => p.IatiIdentifier).IsUnique();
            e.Property(p => p.IatiVersion).HasMaxLength(10);
            e.Property(p => p.DefaultLanguage).HasMaxLength(16);
            e.Property(p => p.DefaultCurrency).HasMaxLength(3);
            e.HasMany(p => p.Texts).WithOne().HasForeignKey(x => x.ProjectId);
            e.HasMany(p => p.Organisations).WithOne().HasForeignKey(x => x.ProjectId);
            e.HasMany(p => p.Countries).WithOne().HasForeignKey(x => x.ProjectId);
            e.HasMany(p => p.Regions).WithOne().HasForeignKey(x => x.ProjectId);
            e.HasMany(p => p.Sectors).WithOne().HasForeignKey(x => x.ProjectId);
            e.HasMany(p => p.Dates).WithOne().HasForeignKey(x => x.ProjectId);
            e.HasMany(p => p.Budgets).WithOne().HasForeignKey(x => x.ProjectId);
            e.HasMany(p => p.Concepts).WithOne().HasForeignKey(x => x.ProjectId);
            e.HasMany(p => p.Practices).WithOne().HasForeignKey(x => x.ProjectId);
        });
        b.Entity<ProjectText>(e =>
        {
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.Language).HasMaxLength(16);
            e.HasIndex(x => new { x.ProjectId, x.Kind, x.Language });
        });
        b.Entity<ProjectOrganisation>(e =>
        {
            e.Property(x => x.Ref).HasMaxLength(200);
            e.Property(x => x.Type).HasMaxLength(10);
            e.HasMany(x => x.Names).WithOne().HasForeignKey(n => n.ProjectOrganisationId);
            e.HasIndex(x => x.ProjectId);
        });
        b.Entity<ProjectOrganisationName>(e =>
        {
            e.Property(x => x.Language).HasMaxLength(16);
            e.Property(x => x.Name).HasMaxLength(1000);
        });
        b.Entity<ProjectCountry>(e =>
        {
            e.HasKey(x => new { x.ProjectId, x.CountryCode });
            e.Property(x => x.CountryCode).HasMaxLength(3);
            e.Property(x => x.Percentage).HasPrecision(7, 4);
            e.HasIndex(x => x.CountryCode);
            e.HasOne<Country>().WithMany().HasForeignKey(x => x.CountryCode);
        });
        b.Entity<ProjectRegion>(e =>
        {
            e.Property(x => x.Code).HasMaxLength(20);
            e.Property(x => x.Vocabulary).HasMaxLength(10);
            e.Property(x => x.Percentage).HasPrecision(7, 4);
            e.HasIndex(x => x.ProjectId);
        });
        b.Entity<ProjectSector>(e =>
        {
            e.Property(x => x.Code).HasMaxLength(20);
            e.Property(x => x.Vocabulary).HasMaxLength(10);
            e.Property(x => x.Percentage).HasPrecision(7, 4);
            e.HasIndex(x => x.ProjectId);
        });
        b.Entity<ProjectDate>(e => e.HasIndex(x => x.ProjectId));
        b.Entity<ProjectBudget>(e =>
        {
            e.Property(x => x.Value).HasPrecision(20, 2);
            e.Property(x => x.Currency).HasMaxLength(3);
            e.HasIndex(x => x.ProjectId);
        });
        b.Entity<ProjectConcept>(e =>
        {
            e.HasKey(x => new { x.ProjectId, x.ConceptId });
            e.Property(x => x.ConceptId).HasMaxLength(100);
            e.HasIndex(x => x.ConceptId);
            e.HasOne<Concept>().WithMany().HasForeignKey(x => x.ConceptId);
        });
        b.Entity<ProjectPractice>(e =>
        {
            e.HasKey(x => new { x.ProjectId, x.PracticeId });
            e.Property(x => x.LinkedBy).HasMaxLength(256);
            e.HasIndex(x => x.PracticeId);
            e.HasOne(x => x.Practice).WithMany().HasForeignKey(x => x.PracticeId);
        });
    }
}
