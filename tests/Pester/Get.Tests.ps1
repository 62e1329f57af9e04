<#
    Get-FtpLiteItem: directory listings, single files, the item objects, pipeline input, the total size with
    Measure-Object, and the error for a missing path.
#>
BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    Import-FtpLiteUnderTest
    Disconnect-AllFtpLite

    $serverRoot = New-TestFolder -Prefix 'ftplite-get-server'
    $null = New-TestFile -Path (Join-Path $serverRoot 'alpha.txt') -Length 1024 -Seed 1
    $null = New-TestFile -Path (Join-Path $serverRoot 'beta.jpg') -Length 2048 -Seed 2
    $null = New-TestFile -Path (Join-Path $serverRoot 'empty.dat') -Length 0
    $null = New-TestFile -Path (Join-Path $serverRoot 'docs/readme.md') -Length 10 -Seed 3
    $null = New-TestFile -Path (Join-Path $serverRoot 'docs/guide v2.md') -Length 20 -Seed 4
    $null = New-TestFile -Path (Join-Path $serverRoot 'docs/nested/deep.txt') -Length 30 -Seed 5
    $null = New-Item -ItemType Directory -Path (Join-Path $serverRoot 'void')
    $stamp = [DateTime]::new(2001, 2, 3, 4, 5, 6, [DateTimeKind]::Utc)
    [System.IO.File]::SetLastWriteTimeUtc((Join-Path $serverRoot 'alpha.txt'), $stamp)

    $server = Start-TestServer -Root $serverRoot
    $session = Connect-FtpLite -Port $server.Port -ErrorAction Stop
}

AfterAll {
    Clear-FtpLiteTestState
}

Describe 'Get-FtpLiteItem' {
    Context 'listing a directory' {
        BeforeAll {
            $items = @(Get-FtpLiteItem -ErrorAction Stop)
            $byName = @{}
            foreach ($item in $items) { $byName[$item.Name] = $item }
        }

        It 'lists the working directory by default, names and sizes as on disk' {
            @($items | Sort-Object Name | ForEach-Object { "$($_.Name)=$($_.Length)" }) |
                Should -Be @('alpha.txt=1024', 'beta.jpg=2048', 'docs=0', 'empty.dat=0', 'void=0')
        }

        It 'outputs FtpLite.FtpItem objects with FullName, ItemType and IsDirectory' {
            $items | ForEach-Object { $_ | Should -BeOfType ([FtpLite.FtpItem]) }
            $byName['alpha.txt'].FullName | Should -BeExactly '/alpha.txt'
            $byName['alpha.txt'].ItemType | Should -Be ([FtpLite.FtpItemType]::File)
            $byName['alpha.txt'].IsDirectory | Should -BeFalse
            $byName['docs'].FullName | Should -BeExactly '/docs'
            $byName['docs'].ItemType | Should -Be ([FtpLite.FtpItemType]::Directory)
            $byName['docs'].IsDirectory | Should -BeTrue
        }

        It 'tells the modification time (LastWriteTime local, LastWriteTimeUtc)' {
            $byName['alpha.txt'].LastWriteTimeUtc | Should -Be $stamp
            $byName['alpha.txt'].LastWriteTime | Should -Be $stamp.ToLocalTime()
            $byName['beta.jpg'].LastWriteTime | Should -BeOfType ([datetime])
        }

        It 'attaches the session to every item' {
            $items | ForEach-Object { $_.Session | Should -Be $session }
        }

        It 'shows Mode, LastWriteTime, Length, Name and FullName in Format-List' {
            $text = $byName['alpha.txt'] | Format-List | Out-String
            $labels = @($text -split "`n" | Where-Object { $_ -match '^(\w+)\s*:' } | ForEach-Object { $Matches[1] })
            $labels | Should -Be @('Mode', 'LastWriteTime', 'Length', 'Name', 'FullName')
            $text | Should -Match 'FullName\s*: /alpha\.txt'
        }

        It 'never lists . or ..' {
            $items.Name | Should -Not -Contain '.'
            $items.Name | Should -Not -Contain '..'
            $sub = @(Get-FtpLiteItem docs -ErrorAction Stop)
            $sub.Name | Should -Not -Contain '.'
            $sub.Name | Should -Not -Contain '..'
        }

        It 'gives the total directory size with Measure-Object Length -Sum' {
            (Get-FtpLiteItem -ErrorAction Stop | Measure-Object Length -Sum).Sum | Should -Be (1024 + 2048)
        }
    }

    It 'lists a subdirectory given by -Path, with full names below it' {
        $items = @(Get-FtpLiteItem -Path docs -ErrorAction Stop | Sort-Object Name)

        $items.Name | Should -Be @('guide v2.md', 'nested', 'readme.md')
        $items.FullName | Should -Be @('/docs/guide v2.md', '/docs/nested', '/docs/readme.md')
        $items.DirectoryName | Should -Be @('/docs', '/docs', '/docs')
        ($items | Measure-Object Length -Sum).Sum | Should -Be 30
    }

    It 'lists an absolute path' {
        @(Get-FtpLiteItem /docs/nested -ErrorAction Stop).FullName | Should -Be @('/docs/nested/deep.txt')
    }

    It 'describes a single file given by path' {
        $item = Get-FtpLiteItem -Path 'docs/guide v2.md' -ErrorAction Stop

        $item | Should -HaveCount 1
        $item.Name | Should -BeExactly 'guide v2.md'
        $item.FullName | Should -BeExactly '/docs/guide v2.md'
        $item.Length | Should -Be 20
        $item.IsDirectory | Should -BeFalse
    }

    It 'describes an empty file' {
        $item = Get-FtpLiteItem -Path empty.dat -ErrorAction Stop

        $item | Should -HaveCount 1
        $item.Length | Should -Be 0
    }

    It 'outputs nothing, and no error, for an empty directory' {
        $items = Get-FtpLiteItem -Path void -ErrorVariable failures

        $items | Should -BeNullOrEmpty
        $failures | Should -HaveCount 0
    }

    It 'takes several paths' {
        $items = @(Get-FtpLiteItem -Path alpha.txt, beta.jpg -ErrorAction Stop)

        $items.FullName | Should -Be @('/alpha.txt', '/beta.jpg')
    }

    It 'takes paths from the pipeline' {
        $items = @('alpha.txt', 'docs/nested' | Get-FtpLiteItem -ErrorAction Stop)

        $items.FullName | Should -Be @('/alpha.txt', '/docs/nested/deep.txt')
    }

    It 'lists directories piped from Get-FtpLiteItem (FullName binds to -Path)' {
        $items = @(Get-FtpLiteItem -ErrorAction Stop | Where-Object IsDirectory | Get-FtpLiteItem -ErrorAction Stop)

        @($items.FullName | Sort-Object) | Should -Be @('/docs/guide v2.md', '/docs/nested', '/docs/readme.md')
    }

    It 'does not follow .. above the root' {
        @(Get-FtpLiteItem -Path '../..' -ErrorAction Stop | ForEach-Object Name | Sort-Object) |
            Should -Be @('alpha.txt', 'beta.jpg', 'docs', 'empty.dat', 'void')
    }

    Context 'a path that names nothing' {
        It 'reports FtpLite.RemoteItemNotFound, with the path as target' {
            $items = Get-FtpLiteItem -Path 'no-such-file.txt' -ErrorAction SilentlyContinue -ErrorVariable failures

            $items | Should -BeNullOrEmpty
            $failures | Should -HaveCount 1
            $failures[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.RemoteItemNotFound,FtpLite.PowerShell.Cmdlets.GetFtpLiteItemCommand'
            $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $failures[0].TargetObject | Should -BeExactly 'no-such-file.txt'
        }

        It 'reports FtpLite.RemoteItemNotFound for a missing directory below an existing one' {
            $null = Get-FtpLiteItem -Path 'docs/missing/deeper' -ErrorAction SilentlyContinue -ErrorVariable failures

            $failures[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.RemoteItemNotFound,FtpLite.PowerShell.Cmdlets.GetFtpLiteItemCommand'
        }

        It 'still lists the other paths of the same call' {
            $items = @(Get-FtpLiteItem -Path 'missing', 'alpha.txt' -ErrorAction SilentlyContinue -ErrorVariable failures)

            $failures | Should -HaveCount 1
            $items.FullName | Should -Be @('/alpha.txt')
        }

        It 'is terminating with -ErrorAction Stop' {
            $failure = { Get-FtpLiteItem -Path 'missing' -ErrorAction Stop } | Should -Throw -PassThru

            $failure.FullyQualifiedErrorId | Should -BeExactly 'FtpLite.RemoteItemNotFound,FtpLite.PowerShell.Cmdlets.GetFtpLiteItemCommand'
        }
    }

    Context '-Session' {
        It 'lists through the session given, not the default one' {
            $otherRoot = New-TestFolder -Prefix 'ftplite-get-other'
            $null = New-TestFile -Path (Join-Path $otherRoot 'other.txt') -Length 5
            $other = Start-TestServer -Root $otherRoot
            $otherSession = Connect-FtpLite -Port $other.Port -ErrorAction Stop
            try {
                $default = @(Get-FtpLiteItem -ErrorAction Stop).Name
                $given = @(Get-FtpLiteItem -Session $session -ErrorAction Stop).Name
            }
            finally {
                Disconnect-FtpLite -Session $otherSession
            }

            $default | Should -Be @('other.txt')
            $given | Should -Contain 'alpha.txt'
            $given | Should -Not -Contain 'other.txt'
        }
    }
}
