from __future__ import annotations

import pytest

import rcheck


def d101(text: str) -> list[str]:
    return [f.excerpt for f in rcheck.lint(text, select=["D101"])]


@pytest.mark.parametrize("line,expected", [
    ("更新时间：2025-12 来源：网友投稿", ["更新时间：2025-12", "来源：网友投稿"]),
    ("---此处隐藏8374字，下载后查看---", ["---此处隐藏8374字，下载后查看---"]),
    ("最新推荐", ["最新推荐"]),
    ("第 1 页 共 4 页", ["第 1 页 共 4 页"]),
    ("打印本页 关闭窗口", ["打印本页", "关闭窗口"]),
    ("首页 > 范文大全 > 述职报告", ["首页 > 范文大全 > 述职报告"]),
    ("当前位置：首页>工作总结", ["当前位置：首页>工作总结"]),
    ("点击下载完整版", ["点击下载"]),
    ("原文链接 https://example.com/a/1.html", ["https://example.com/a/1.html"]),
])
def test_debris_found(line, expected):
    text = f"关于工作情况的报告\n{line}\n现将有关情况报告如下。"
    assert d101(text) == expected


@pytest.mark.parametrize("text", [
    "资金来源主要是县级财政，来源稳定。",
    "严格按照会议要求，推荐优秀干部3名，编辑出版学习资料。",
    "建立信息来源核查机制，对作者身份进行核实，并通过发布会发布时间表。" * 3,
])
def test_ordinary_sentences_are_not_debris(text):
    assert d101(text) == []


def test_cut_message_names_the_cut():
    found = rcheck.lint("正文。\n---此处隐藏8374字，下载后查看---\n（一）后文。", select=["D101"])
    assert len(found) == 1 and "8374" in found[0].message and found[0].severity == "error"
